/**
 * The shape of the compact service models generated into src/generated/*-model.ts
 * (see scripts/codegen.mjs). It mirrors botocore's service-2.json minus documentation,
 * so the validator and the query protocol can be read side by side with the AWS model.
 */
import type { ServiceName } from './operation.js';

export type ShapeType =
  | 'structure'
  | 'list'
  | 'map'
  | 'string'
  | 'integer'
  | 'long'
  | 'float'
  | 'double'
  | 'boolean'
  | 'blob'
  | 'timestamp';

/** A reference from a structure member, list member or map key/value to a shape. */
export interface MemberRef {
  shape: string;
  /** Wire name in the query protocol and XML, when it differs from the member name. */
  locationName?: string;
  flattened?: boolean;
  xmlNamespace?: { uri?: string; prefix?: string };
  xmlAttribute?: boolean;
  idempotencyToken?: boolean;
  timestampFormat?: string;
}

export interface ErrorTrait {
  code?: string;
  httpStatusCode?: number;
  senderFault?: boolean;
}

export interface ShapeModel {
  type: ShapeType;
  members?: Record<string, MemberRef>;
  required?: string[];
  member?: MemberRef;
  key?: MemberRef;
  value?: MemberRef;
  /** Length (strings, blobs, lists, maps) or value (numbers) bounds. */
  min?: number;
  max?: number;
  /** The Java pattern exactly as the model (and AWS's error message) spells it. */
  pattern?: string;
  /** The same pattern translated to a JS (u-flag) source; absent when it could not be translated. */
  regex?: string;
  enum?: string[];
  sensitive?: boolean;
  flattened?: boolean;
  locationName?: string;
  xmlNamespace?: { uri?: string; prefix?: string };
  timestampFormat?: string;
  error?: ErrorTrait;
  exception?: boolean;
  fault?: boolean;
}

export interface OperationModel {
  input?: string;
  output?: string;
  /** Query protocol: the element wrapping the output, e.g. AssumeRoleResult. */
  resultWrapper?: string;
  errors?: string[];
}

export interface ServiceModel {
  name: ServiceName;
  protocol: 'json' | 'query';
  apiVersion: string;
  signingName: string;
  endpointPrefix: string;
  serviceId: string;
  targetPrefix?: string;
  jsonVersion?: string;
  xmlNamespace?: string;
  operations: Record<string, OperationModel>;
  shapes: Record<string, ShapeModel>;
}
