/** An error the API answers with its status and stable code: `{ statusCode, code, error, message }`. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const invalidField = (field: string, message: string) =>
  new ApiError(400, 'INVALID_FIELD', `${field}: ${message}`, field);
export const notFound = (code: string, message: string) => new ApiError(404, code, message);
export const forbidden = (message: string) => new ApiError(403, 'FORBIDDEN', message);
export const conflict = (code: string, message: string) => new ApiError(409, code, message);

/**
 * The same error told under another name for its field: a message starts with the field it is about
 * (invalidField), and a channel that knows the field by another name (Open311's description, an
 * export's 诉求内容 column) is told that name.
 */
export function renamedField(error: ApiError, name: string): ApiError {
  const message = error.field && error.message.startsWith(error.field) ? `${name}${error.message.slice(error.field.length)}` : error.message;
  return new ApiError(error.statusCode, error.code, message, name);
}
