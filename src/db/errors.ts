import { CliError } from '../cli/errors.ts';

/** A database that cannot be used as it is: unreachable, refused our login, or from a newer version. */
export class DatabaseError extends CliError {}
