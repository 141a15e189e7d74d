/**
 * Every error a client can see is an AwsError: it carries its own AWS code, HTTP
 * status and message, so the serializer never needs an instanceof ladder.
 */
export class AwsError extends Error {
  readonly code: string;
  readonly status: number;
  /** Sender (client) or Receiver (server) for query-protocol error bodies. */
  readonly fault: 'Sender' | 'Receiver';
  /** Extra members some error shapes carry (rare). */
  readonly extra: Record<string, unknown> | undefined;

  constructor(code: string, message: string, status = 400, extra?: Record<string, unknown>) {
    super(message);
    this.name = code;
    this.code = code;
    this.status = status;
    this.fault = status >= 500 ? 'Receiver' : 'Sender';
    this.extra = extra;
  }
}

export const awsError = (code: string, message: string, status = 400): AwsError =>
  new AwsError(code, message, status);

export const validationError = (message: string): AwsError => new AwsError('ValidationException', message);
export const serializationError = (message = ''): AwsError => new AwsError('SerializationException', message);
