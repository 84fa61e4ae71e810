// gdk-pixbuf suite: the opt-in restoration (BPGR_PIXBUF_RESTORE_MODEL).
//
//   pixbuf_restore_test FILE.bpg MODEL        loads FILE with the variable set to MODEL
//   pixbuf_restore_test FILE.bpg --bad-model  the variable names no model
//
// With a model, the loader's pixels equal the library's restored decode with
// that model and differ from the plain decode (restoration really ran). With
// a model that does not exist, loading fails with a GError that names the
// variable, instead of silently showing the plain decode.
#include <gdk-pixbuf/gdk-pixbuf.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "pixbuf_support.h"
#include "reference_decode.h"

int main(int argc, char **argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: %s FILE.bpg MODEL|--bad-model\n", argv[0]);
        return 2;
    }
    pixbuf_test::make_warnings_fatal();
    const char *path = argv[1];
    const bool bad_model = std::strcmp(argv[2], "--bad-model") == 0;
    const char *model = bad_model ? "/nonexistent/bpgr-model.bpgrm" : argv[2];
    g_setenv("BPGR_PIXBUF_RESTORE_MODEL", model, TRUE);

    GError *error = nullptr;
    GdkPixbuf *pixbuf = gdk_pixbuf_new_from_file(path, &error);
    if (bad_model) {
        const bool ok = !pixbuf && error && std::strstr(error->message, "BPGR_PIXBUF_RESTORE_MODEL");
        std::printf("bad model: %s\n", error ? error->message : "no error");
        if (pixbuf) g_object_unref(pixbuf);
        g_clear_error(&error);
        if (!ok) std::fprintf(stderr, "FAIL: a missing model should give a GError naming the variable\n");
        return ok ? 0 : 1;
    }
    if (!pixbuf) {
        std::fprintf(stderr, "FAIL: %s\n", error ? error->message : "no error");
        return 1;
    }
    std::vector<uint8_t> bytes;
    pixbuf_test::ReferenceImage restored, plain;
    if (!pixbuf_test::read_file(path, bytes) || !pixbuf_test::reference_decode(bytes, restored, model) ||
        !pixbuf_test::reference_decode(bytes, plain)) {
        std::fprintf(stderr, "FAIL: the library cannot decode %s: %s%s\n", path, restored.error.c_str(),
                     plain.error.c_str());
        return 1;
    }
    int failures = 0;
    std::string diff = pixbuf_test::compare_frame(pixbuf, restored, 0);
    if (!diff.empty()) {
        std::fprintf(stderr, "FAIL: against the library's restored decode: %s\n", diff.c_str());
        ++failures;
    }
    if (pixbuf_test::compare_frame(pixbuf, plain, 0).empty()) {
        std::fprintf(stderr, "FAIL: identical to the plain decode: restoration did not run\n");
        ++failures;
    }
    std::printf("%s with model %s: %s\n", path, model, failures ? "FAILED" : "equals the library's restored decode");
    g_object_unref(pixbuf);
    return failures ? 1 : 0;
}
