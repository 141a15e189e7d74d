/** Translates a Java regex into a JS u-flag source with the same meaning, or says why it cannot. */
export function translateJavaPattern(pattern: string): { source: string; reason?: undefined } | { reason: string; source?: undefined };
