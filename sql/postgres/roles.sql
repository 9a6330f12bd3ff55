-- Cluster-wide roles of the data plane (roles are per cluster, not per database).
-- Idempotent. `vf migrate` runs this itself when it connects as a superuser (local and
-- test servers); in production an administrator runs it once per cluster, then grants
-- LOGIN with a password to the roles that connect (see docs/decisions/0001-migrations.md):
--   ALTER ROLE vf_migrator LOGIN PASSWORD '...';
--   ALTER ROLE vf_ingest   LOGIN PASSWORD '...';
--   ALTER ROLE vf_env      LOGIN PASSWORD '...';
-- and creates each database owned by the migrator: CREATE DATABASE vf_dm OWNER vf_migrator;
DO $$
BEGIN
  -- Owns the dm, ingest and graphile_worker schemas and each environment's public tables.
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'vf_migrator') THEN
    CREATE ROLE vf_migrator NOLOGIN;
  END IF;
  -- The ingest tier (receivers, raw sink, fan-out, poller): rows only, never DDL.
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'vf_ingest') THEN
    CREATE ROLE vf_ingest NOLOGIN;
  END IF;
  -- An environment API: its own database's public tables, and SELECT on dm.* in vf-pg-dm.
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'vf_env') THEN
    CREATE ROLE vf_env NOLOGIN;
  END IF;
END
$$;
