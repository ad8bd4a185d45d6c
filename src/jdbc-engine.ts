/** Marks a `JdbcEngine` (`JdbcEngine.isJdbcEngine`): `instanceof` fails when two copies of the library are installed. */
const JDBC_ENGINE_MARKER = Symbol.for('cdk-data-mesh.JdbcEngine');

/**
 * A relational database engine a `JdbcSource` extracts from: its JDBC URL scheme, default port, JDBC driver
 * and the names AWS Glue and AWS DMS know it by.
 *
 * @exampleMetadata nofixture
 * @example
 * import { JdbcEngine } from 'cdk-data-mesh';
 *
 * const engine = JdbcEngine.POSTGRESQL; // jdbc:postgresql://claims-db.internal:5432/claims
 */
export class JdbcEngine {
  /** PostgreSQL (`jdbc:postgresql://host:5432/database`). */
  public static readonly POSTGRESQL = new JdbcEngine('postgresql', 5432, 'org.postgresql.Driver', 'postgres');
  /** MySQL (`jdbc:mysql://host:3306/database`). */
  public static readonly MYSQL = new JdbcEngine('mysql', 3306, 'com.mysql.cj.jdbc.Driver', 'mysql');

  /** Whether `x` is a `JdbcEngine`, of this or any other copy of the library. */
  public static isJdbcEngine(x: any): x is JdbcEngine {
    return x !== null && typeof x === 'object' && JDBC_ENGINE_MARKER in x;
  }

  /** The engine's name in JDBC URLs and in Glue's `connection_type` (`postgresql`, `mysql`). */
  public readonly name: string;
  /** The port the engine listens on unless the URL names another. */
  public readonly defaultPort: number;
  /** The JDBC driver class (`org.postgresql.Driver`, `com.mysql.cj.jdbc.Driver`). */
  public readonly driverClass: string;
  /** The engine's name in AWS DMS endpoints (`postgres`, `mysql`). */
  public readonly dmsEngineName: string;

  private constructor(name: string, defaultPort: number, driverClass: string, dmsEngineName: string) {
    Object.defineProperty(this, JDBC_ENGINE_MARKER, { value: true });
    this.name = name;
    this.defaultPort = defaultPort;
    this.driverClass = driverClass;
    this.dmsEngineName = dmsEngineName;
  }

  /** The prefix of the engine's JDBC URLs, e.g. `jdbc:postgresql://`. */
  public get urlPrefix(): string {
    return `jdbc:${this.name}://`;
  }
}
