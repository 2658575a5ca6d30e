"""The wire protocols over the one model, a module each with its ``routes()`` (``mock/app.py``
assembles them), their value codec, VMware's runtime variant and the auth both REST forms share."""
