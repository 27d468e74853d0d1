"""Roll-up command views for Polda and Mabes, and BKO matching (issue #15).

Stable entry points (for `bench/national.py` and operators):

- pages: ``command:rollup`` (``/komando/``: a Polda user's own Polda; a Mabes user every Polda, ``?polda=<id>``
  drills into one), ``command:polres`` (``/komando/polres/<id>/``), ``command:rollup_geojson``
  (``/komando/peta.geojson``, one aggregate marker per Polres), ``command:bko`` (``/komando/bko/``);
- API: ``GET /api/command/rollup`` (URL name ``api:command_rollup``, ``?polda=<id>``, ``?urut=<column>``),
  ``GET /api/command/bko`` (``api:command_bko``), ``POST /api/command/bko/<id>/approve`` and ``.../reject``;
- aggregates: ``siaga.command.figures.figures_refresh(full=False)`` recomputes the Polres touched since the last
  refresh (``full=True`` every row; ``polres_ids=[...]`` just those), run by ``siaga worker`` housekeeping (at most
  every 30 s) and by ``siaga rollup_refresh [--full]``;
- BKO: ``siaga.command.services.bko_propose(actor=access.SYSTEM, scope=None, refresh=False)`` matches the whole
  country from the aggregate (``scope``: a Polda, or a Mabes unit / None for all with cross-border candidates) on
  top of the engine's ``siaga.engine.bko.match(demands, supplies, k_nearest=5)`` (pure Python, no Django).
"""
