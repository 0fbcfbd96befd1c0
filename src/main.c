/* Placeholder until the command line lands (owned by the server work). */
#include <stdio.h>

int main(int argc, char **argv)
{
    (void)argv;
    if (argc < 2) {
        fprintf(stderr, "usage: budstikke serve|migrate|token|demo|replay|check-config\n");
        return 2;
    }
    return 2;
}
