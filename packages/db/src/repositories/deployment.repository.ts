/** This deployment's identity (one row, made by its first migration run; see migrations/…-deployment-identity). */
import type { DataSource } from 'typeorm';

export class DeploymentRepository {
  constructor(private readonly ds: DataSource) {}

  async identity(): Promise<string> {
    const rows = (await this.ds.query(`SELECT id FROM deployment`)) as Array<{ id: string }>;
    if (rows.length !== 1) throw new Error('the deployment table has no identity row: run the migrations');
    return rows[0].id;
  }
}
