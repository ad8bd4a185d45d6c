/** `life_expectancy` -> `LifeExpectancy`: construct ids that stay stable and readable in logical IDs. */
export function pascal(s: string): string {
  return s.split(/[^A-Za-z0-9]+/).filter(Boolean).map(w => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}
