/** @module Typed errors of the model package. */

/** A model directory, registry or training input that cannot be used; the message names the problem. */
export class ModelError extends Error {
  /**
   * @param message - what is wrong and where (file, field, row)
   * @param options - optional `cause`
   */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ModelError';
  }
}

/** Training or evaluation data that breaks a rule (missing column, unparseable label, too few rows). */
export class DataError extends Error {
  /**
   * @param message - the column, row or value at fault and what was expected
   * @param options - optional `cause`
   */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DataError';
  }
}
