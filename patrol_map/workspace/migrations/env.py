"""Alembic's entry: migrate one commune's schema on the connection given by ``postgis.migrate``.

Run only from the library (no ``alembic.ini``): the connection and the schema come in the
configuration's attributes, and the schema is handed to every migration's ``upgrade``.
"""

from alembic import context

connection = context.config.attributes["connection"]
schema = context.config.attributes["schema"]
context.configure(connection=connection, version_table_schema=schema, transactional_ddl=True)
with context.begin_transaction():
    context.run_migrations(schema=schema)
