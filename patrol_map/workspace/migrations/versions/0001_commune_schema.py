"""A commune's schema: its metadata and when each of its layers last changed.

The layers themselves (villages, incidents, plans, ...) are tables written whole by each write, as
a GeoPackage's layers are; what must outlive those writes is made here.

Revision ID: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade(schema: str) -> None:
    """Make the metadata table and the table of layers' last changes."""
    op.create_table(
        "patrol_map_meta",
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
        schema=schema,
    )
    op.create_table(
        "layer_changes",
        sa.Column("layer", sa.Text, primary_key=True),
        sa.Column("last_change", sa.Text, nullable=False),
        schema=schema,
    )


def downgrade(schema: str) -> None:
    """Remove both tables."""
    op.drop_table("layer_changes", schema=schema)
    op.drop_table("patrol_map_meta", schema=schema)
