/** The record format's version, in a module of its own so that code that only writes records need not load zod. */
export const SCHEMA_VERSION = '1' as const;
