"""Storage: the SQLCipher engine and key hook, typed ORM, migrations, change capture, audit log."""
