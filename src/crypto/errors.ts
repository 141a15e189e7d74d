/** The root key given at start does not decrypt the keyring already in storage. */
export class RootKeyMismatchError extends Error {
  constructor(detail: string) {
    super(`the root key does not open this data directory's keyring: ${detail}`);
    this.name = 'RootKeyMismatchError';
  }
}

/** A stored record that the barrier cannot open: altered, moved to another path, or of an unknown term. */
export class SealedRecordError extends Error {
  constructor(path: string, detail: string) {
    super(`stored record ${JSON.stringify(path)} cannot be opened: ${detail}`);
    this.name = 'SealedRecordError';
  }
}
