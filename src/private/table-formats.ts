/* The Glue table formats and names of the mesh's tables (data products and bronze source tables). */
import { DataFormat } from '../schema';
import { NameRule } from './validation';

/** A Glue/Athena table or column name. */
export const GLUE_NAME: NameRule = {
  description: 'lower-case letters, digits and underscores, starting with a letter or underscore (a Glue/Athena name)',
  pattern: /^[a-z_][a-z0-9_]*$/,
  minLength: 1,
  maxLength: 128,
  example: 'policyholder_life_expectancy',
};

/** The Hive input/output formats and SerDe of each file format. */
export const TABLE_FORMATS: Record<DataFormat, { input: string; output: string; serde: string; parameters?: Record<string, string> }> = {
  [DataFormat.PARQUET]: {
    input: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
    output: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
    serde: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
  },
  [DataFormat.ORC]: {
    input: 'org.apache.hadoop.hive.ql.io.orc.OrcInputFormat',
    output: 'org.apache.hadoop.hive.ql.io.orc.OrcOutputFormat',
    serde: 'org.apache.hadoop.hive.ql.io.orc.OrcSerde',
  },
  [DataFormat.JSON]: {
    input: 'org.apache.hadoop.mapred.TextInputFormat',
    output: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
    serde: 'org.openx.data.jsonserde.JsonSerDe',
  },
  [DataFormat.CSV]: {
    input: 'org.apache.hadoop.mapred.TextInputFormat',
    output: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
    serde: 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe',
    parameters: { 'field.delim': ',' },
  },
};
