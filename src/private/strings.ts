/** `life_expectancy` -> `LifeExpectancy`: construct ids that stay stable and readable in logical IDs. */
export function pascal(s: string): string {
  return s.split(/[^A-Za-z0-9]+/).filter(Boolean).map(w => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

/**
 * The name pattern of every product database of a mesh and of the consumers' resource links to them: `<mesh>_*`
 * (`MeshDescription.databaseName` is `<mesh>_<product>`, hyphens as underscores). IAM statements name this pattern
 * rather than one ARN per product, so that their size does not grow with the products (issue 13, docs/decisions.md).
 */
export function productDatabasePattern(meshName: string): string {
  return `${meshName.replace(/-/g, '_')}_*`;
}
