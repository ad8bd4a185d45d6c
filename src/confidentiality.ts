/** Column and table confidentiality levels, ordered public < private < sensitive. */
export enum Confidentiality {
  /** Anyone the product is shared with may see it. */
  PUBLIC = 'public',
  /** Personal or internal data, e.g. a customer name. */
  PRIVATE = 'private',
  /** The most restricted level, e.g. a life expectancy. Tables and databases carry it (fail closed). */
  SENSITIVE = 'sensitive',
}
