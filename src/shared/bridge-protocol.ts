/** The browser host's HTTP bridge: the paths and the header both sides agree on. */
export const bridgeSecretHeader = 'x-bridge-secret'
export const bridgeCallPath = '/__bridge/call'
export const bridgeEventsPath = '/__bridge/events'
/** The URL fragment key that hands the per-run secret to the page. */
export const bridgeFragmentKey = 'bridge'
/**
 * The address the host gives the system browser carries a one-time launch code instead of the
 * secret (a browser keeps its command line, readable by other local users, for its whole life).
 * The page trades the code for the secret once, here.
 */
export const bridgeLaunchFragmentKey = 'launch'
export const bridgeLaunchPath = '/__bridge/launch'
