import type { Command } from 'commander';

/** `rightsdesk deadline …` and `rightsdesk calendar …` (SPEC §3). */
export function registerCalendarCommands(_program: Command): void {}
