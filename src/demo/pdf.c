#include "demo/pdf.h"

#include "base/buf.h"

#include <stdint.h>
#include <stdio.h>

/* Appends a UTF-8 text as a PDF string literal in WinAnsiEncoding. */
static void put_string(struct nt_buf *b, const char *s)
{
    nt_buf_putc(b, '(');
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        uint32_t c = *p++;
        if (c >= 0xC0 && c < 0xE0 && (*p & 0xC0) == 0x80) /* two-byte sequence */
            c = ((c & 0x1F) << 6) | (*p++ & 0x3F);
        else if (c >= 0x80)
            for (c = '?'; (*p & 0xC0) == 0x80; p++) /* longer ones: not in Latin-1 */
                ;
        if (c == '(' || c == ')' || c == '\\')
            nt_buf_putc(b, '\\');
        if (c < 0x20 || c > 0xFF)
            c = '?';
        nt_buf_putc(b, (char)c);
    }
    nt_buf_putc(b, ')');
}

char *demo_pdf(const char *const *lines, size_t n, size_t *out_len)
{
    struct nt_buf text, pdf;
    nt_buf_init(&text, 0);
    nt_buf_init(&pdf, 0);
    nt_buf_puts(&text, "BT /F1 12 Tf 16 TL 72 770 Td");
    for (size_t i = 0; i < n; i++) {
        nt_buf_puts(&text, i ? " T* " : " ");
        put_string(&text, lines[i]);
        nt_buf_puts(&text, " Tj");
    }
    nt_buf_puts(&text, " ET\n");
    char stream[64];
    snprintf(stream, sizeof stream, "<< /Length %zu >>\nstream\n", text.len);
    const char *objects[] = {
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        NULL, /* the content stream */
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    };
    size_t offsets[5];
    nt_buf_puts(&pdf, "%PDF-1.4\n");
    for (int i = 0; i < 5; i++) {
        offsets[i] = pdf.len;
        nt_buf_printf(&pdf, "%d 0 obj\n", i + 1);
        if (objects[i]) {
            nt_buf_puts(&pdf, objects[i]);
        } else {
            nt_buf_puts(&pdf, stream);
            nt_buf_append(&pdf, nt_buf_str(&text), text.len);
            nt_buf_puts(&pdf, "endstream");
        }
        nt_buf_puts(&pdf, "\nendobj\n");
    }
    size_t xref = pdf.len;
    nt_buf_puts(&pdf, "xref\n0 6\n0000000000 65535 f \n");
    for (int i = 0; i < 5; i++)
        nt_buf_printf(&pdf, "%010zu 00000 n \n", offsets[i]);
    nt_buf_printf(&pdf, "trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n", xref);
    nt_buf_free(&text);
    return nt_buf_steal(&pdf, out_len);
}
