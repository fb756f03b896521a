export { loadConfig, type ServerConfig } from './config.js';
export { startServer, type RunningServer } from './start-server.js';
export { composeServer, type ComposedServer, type ServerOptions } from './compose-server.js';
export { ScreeningService } from './features/screening/screening-service.js';
export type { ScreenRequest, ScreenResult } from './features/screening/screening-types.js';
