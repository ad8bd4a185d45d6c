export * from './mesh';
export * from './settings';
export * from './data-producer';
export * from './lf-tag-ontology';
export * from './schema';
export * from './governance-hub';
export * from './data-product-share';
export * from './data-consumer';
