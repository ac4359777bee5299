// The Aurora layer's public surface: the client, its errors, wire types, quirk readers and the inferred constants.
export * from './client';
export * from './errors';
export * from './endpoints';
export * from './inferred';
export * from './links';
export * from './parse';
export * from './schemas';
export { CountingLimiter, RollingWindowLimiter, type Clock } from './limiter';
export * from './budget';
