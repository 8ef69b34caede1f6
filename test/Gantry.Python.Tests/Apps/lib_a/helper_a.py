NAME = b'helper a'
