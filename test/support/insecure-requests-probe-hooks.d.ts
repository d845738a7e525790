/** Written to stderr when openid-client is loaded through the probe. */
export declare const PROBE_ACTIVE: string;
/** Written to stderr each time openid-client's allowInsecureRequests runs. */
export declare const PROBE_CALLED: string;
