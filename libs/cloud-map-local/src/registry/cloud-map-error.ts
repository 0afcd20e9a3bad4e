/** Error types the real Cloud Map API returns; the SDK maps each `__type` to its own exception class. */
export type CloudMapErrorType =
  | 'ServiceNotFound'
  | 'NamespaceNotFound'
  | 'InstanceNotFound'
  | 'OperationNotFound'
  | 'InvalidInput'
  | 'UnknownOperationException'
  | 'SerializationException'
  | 'InternalFailure';

/** A failure that the API server answers with the AWS JSON 1.1 error shape (`__type` + `Message`). */
export class CloudMapError extends Error {
  constructor(
    readonly type: CloudMapErrorType,
    message: string,
    readonly statusCode = 400,
  ) {
    super(message);
    this.name = type;
  }
}
