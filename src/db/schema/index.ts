export * from './accounts.ts';
export * from './complaints.ts';
export * from './documents.ts';
export * from './rights.ts';
export * from './sanctions.ts';
export * from './workflow.ts';
