import { Client } from 'pg';

/** How a service logs in to its own database. */
export interface ServiceDatabaseLogin {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
  readonly password: string;
}

/**
 * Makes `name` a login role with `password` owning a database `name` that no other role may connect to (PUBLIC
 * loses CONNECT), so a service reaches its own data only. Idempotent: an existing role gets the password again.
 */
export async function ensureServiceDatabase(superuserUrl: string, name: string, password: string): Promise<void> {
  const admin = new Client({ connectionString: superuserUrl });
  await admin.connect();
  try {
    const role = admin.escapeIdentifier(name);
    const secret = admin.escapeLiteral(password);
    const hasRole = (await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [name])).rowCount === 1;
    await admin.query(`${hasRole ? 'ALTER' : 'CREATE'} ROLE ${role} LOGIN PASSWORD ${secret}`);
    const hasDatabase = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
    if (!hasDatabase) await admin.query(`CREATE DATABASE ${role} OWNER ${role}`);
    await admin.query(`REVOKE ALL ON DATABASE ${role} FROM PUBLIC`);
  } finally {
    await admin.end();
  }
}
