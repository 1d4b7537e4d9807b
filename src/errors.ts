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
