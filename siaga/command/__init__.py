"""Roll-up command views for Polda and Mabes, and BKO matching (issue #15).

Stable entry points (for `bench/national.py` and operators):

- pages: ``command:rollup`` (``/komando/``; ``?polda=<id>`` drills a Mabes user into one Polda), ``command:polres``
  (``/komando/polres/<id>/``), ``command:rollup_geojson`` (``/komando/peta.geojson``), ``command:bko``;
- API: ``GET /api/command/rollup`` (URL name ``api:command_rollup``, ``?polda=<id>``), ``GET /api/command/bko``;
- aggregates: ``siaga.command.figures.figures_refresh(full=False)`` (the Polres touched since the last refresh;
  ``full=True`` rebuilds every row), run by ``siaga worker`` housekeeping and by ``siaga rollup_refresh [--full]``;
- BKO: ``siaga.command.services.bko_propose(actor=..., scope=<Polda or Mabes unit, or None for all>)`` on top of
  the engine's ``siaga.engine.bko.match(demands, supplies, k_nearest=5)``.
"""
