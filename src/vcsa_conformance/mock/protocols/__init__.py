"""The wire protocols, one module each, all serving the one ``model.Appliance``.

``rest`` (/api), ``rest_legacy`` (/rest), ``jsonrpc`` (POST /api) with its operations and
value codec, the ``runtime_variant`` of VMware's HTTP layer, and ``auth``, what both REST
forms share. Each protocol exposes ``routes()``; ``mock/app.py`` assembles them.
"""
