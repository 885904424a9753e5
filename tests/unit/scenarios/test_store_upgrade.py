import sqlalchemy as sa

from scenarios.schema import Scenario
from scenarios.store import Store
from scenarios.store_tables import scenarios_t, versions_t
from scenarios.store_upgrade import upgrade


def test_upgrade_makes_the_tables_of_an_empty_store_and_keeps_what_a_store_holds(tmp_path):
    url = f"sqlite:///{tmp_path / 'scenarios.sqlite'}"
    upgrade(url)
    tables = set(sa.inspect(sa.create_engine(url)).get_table_names())
    assert {scenarios_t.name, versions_t.name} <= tables
    Store(url).save("Kept", Scenario(name="Kept"), author="jo")
    upgrade(url)  # a second upgrade changes nothing
    assert [s.name for s in Store(url).list()] == ["Kept"]
