/** A mistake in the command line itself: printed with exit code 2. */
export class UsageError extends Error {}
