import type { MedallionLayer } from '../mesh';

/** Every medallion layer, in order (jsii has no exported constants, so this stays internal). */
export const MEDALLION_LAYERS: readonly MedallionLayer[] = ['bronze', 'silver', 'gold'] as MedallionLayer[];
