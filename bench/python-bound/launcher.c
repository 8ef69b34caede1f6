/* The same CPython as /usr/bin/python3, run from the shared libpython3.11.so (PIC) that Gantry embeds.
   Built by run.sh into a temporary directory; never shipped. */
#include <Python.h>

int main(int argc, char **argv)
{
    return Py_BytesMain(argc, argv);
}
