export * from './mesh';
export * from './settings';
export * from './data-producer';
