/**
 * The secrets tests hand to the code and the servers they start: one subscription secret and one
 * suppression key for every test file (each at least the 32 characters the settings require), so no
 * test makes up its own. A test of a forged link or signature signs it with OTHER_SECRET.
 */
export const TEST_SECRET = 'test-subscription-secret-0123456789abcdef0123';
export const TEST_SUPPRESSION_KEY = 'test-suppression-key-0123456789abcdef0123';
/** Not the secret the code under test was given: what a forger would sign with. */
export const OTHER_SECRET = 'another-secret-0123456789abcdef0123456789ab';
