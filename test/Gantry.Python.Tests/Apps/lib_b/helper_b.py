NAME = b'helper b'
