import type { RecipientInfo } from '../../generated/kms-types.js';
import { AwsError } from '../../protocol/errors.js';

/** DryRun: every check has passed, so AWS answers this instead of doing the work. */
export function dryRunStop(dryRun: boolean | undefined): void {
  if (dryRun) throw new AwsError('DryRunOperationException', 'The request would have succeeded, but the DryRun option is set.');
}

/** Recipient is for AWS Nitro Enclaves attestation documents, which this server cannot verify. */
export function refuseRecipient(recipient: RecipientInfo | undefined): void {
  if (recipient !== undefined) {
    throw new AwsError('UnsupportedOperationException', 'Recipient (AWS Nitro Enclaves attestation) is not supported by this server.');
  }
}

export function customKeyStoreNotFound(id: string): AwsError {
  return new AwsError('CustomKeyStoreNotFoundException', `Custom key store ${id} does not exist.`);
}
