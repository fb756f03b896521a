/**
 * @haechi/access: who may use Haechi. Password hashing (scrypt), platform API keys (shown once,
 * stored hashed, revocable), sessions, and authentication of a bearer token to a Principal.
 */
export { generateApiKey, splitApiKey } from './api-key-secret.js';
export { SESSION_HOURS, authenticate, login, logout } from './authenticate.js';
export {
  cleanDomainNames,
  configurePlatform,
  createOrg,
  createUser,
  issueApiKey,
  requireOrg,
  setPlatformDomains,
} from './manage-access.js';
export {
  UNKNOWN_ACCOUNT_HASH,
  checkPasswordStrength,
  hashPassword,
  verifyPassword,
} from './password-hash.js';
