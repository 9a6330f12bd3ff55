-- Least privilege in vf-pg-dm. Runs as vf_migrator, which owns every object here, after
-- graphile-worker's schema is installed (vf migrate dm installs it first).

-- Only the roles below may connect or create temporary tables; nobody uses schema public.
DO $$
BEGIN
  EXECUTE format('REVOKE CONNECT, TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO vf_ingest, vf_env', current_database());
END
$$;
REVOKE ALL ON SCHEMA public FROM PUBLIC;

-- vf_ingest: rows of dm.* and ingest.*, no DDL (it owns nothing).
GRANT USAGE ON SCHEMA dm, ingest TO vf_ingest;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA dm, ingest TO vf_ingest;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA dm, ingest TO vf_ingest;
ALTER DEFAULT PRIVILEGES FOR ROLE vf_migrator IN SCHEMA dm, ingest
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO vf_ingest;
ALTER DEFAULT PRIVILEGES FOR ROLE vf_migrator IN SCHEMA dm, ingest
  GRANT USAGE, SELECT ON SEQUENCES TO vf_ingest;

-- vf_env: an environment reads channel identity (dm.*) and nothing else in this database.
GRANT USAGE ON SCHEMA dm TO vf_env;
GRANT SELECT ON ALL TABLES IN SCHEMA dm TO vf_env;
ALTER DEFAULT PRIVILEGES FOR ROLE vf_migrator IN SCHEMA dm GRANT SELECT ON TABLES TO vf_env;

-- graphile-worker, run by vf_ingest: rows and functions of its schema. Its private tables have
-- row level security on with no policy (only the owner sees rows), so vf_ingest gets a policy.
-- A graphile-worker upgrade that adds tables needs a new migration; the role test catches it.
GRANT USAGE ON SCHEMA graphile_worker TO vf_ingest;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA graphile_worker TO vf_ingest;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA graphile_worker TO vf_ingest;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA graphile_worker TO vf_ingest;
DO $$
DECLARE
  t record;
BEGIN
  FOR t IN
    SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'graphile_worker' AND c.relkind = 'r' AND c.relrowsecurity
  LOOP
    EXECUTE format('CREATE POLICY vf_ingest_all ON graphile_worker.%I TO vf_ingest USING (true) WITH CHECK (true)', t.relname);
  END LOOP;
END
$$;
