export { loadConfig, type ServerConfig } from './config.js';
export { startServer, type RunningServer } from './start-server.js';
export { ScreeningService } from './services/screening/screening-service.js';
export type { ScreenRequest, ScreenResult } from './services/screening/screening-types.js';
