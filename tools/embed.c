/* Build-time generator: writes a C file holding the given files as byte
 * arrays, looked up at run time with nt_embed_get() (src/base/embed.h).
 * Paths are stored relative to src/ or as given (web/...). */
#include <stdio.h>
#include <string.h>

static const char *key_of(const char *path)
{
    return strncmp(path, "src/", 4) == 0 ? path + 4 : path;
}

int main(int argc, char **argv)
{
    printf("#include \"base/embed.h\"\n#include <stddef.h>\n");
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) {
            perror(argv[i]);
            return 1;
        }
        printf("static const char file%d[] = {", i);
        int c;
        size_t n = 0;
        while ((c = fgetc(f)) != EOF)
            printf("%s%d,", (n++ % 24) ? "" : "\n", c);
        printf("0};\n");
        fclose(f);
        printf("#define LEN%d %zu\n", i, n);
    }
    printf("const struct nt_embedded nt_embedded_files[] = {\n");
    for (int i = 1; i < argc; i++)
        printf("    {\"%s\", file%d, LEN%d},\n", key_of(argv[i]), i, i);
    printf("    {NULL, NULL, 0}};\n");
    return 0;
}
