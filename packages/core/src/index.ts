export { AppError, isAppError } from './errors/app-error.js';
export { ERROR_CODES, httpStatusOf, type ErrorCode } from './errors/error-codes.js';
