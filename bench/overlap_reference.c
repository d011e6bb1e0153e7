/* A simple C n-gram overlap, the native reference for bench/overlap (built with cc -O2).
 *
 * usage: overlap_reference BENCH.jsonl CORPUS.txt [N]
 * Same normalization as `assay overlap --mode words` for ASCII text: letters lowercased,
 * other non-space ASCII stripped (not separating), whitespace splits words; bytes >= 0x80
 * are kept as they are. Documents are paragraphs separated by blank lines. Each word is
 * hashed with FNV-1a, each window of N words with a polynomial rolling hash over a ring of
 * the last N word hashes, and looked up in an open-addressing set of the benchmark's n-gram
 * hashes (no verification: 64-bit hashes). Prints "id matched ngrams" per item to stdout and
 * the throughput to stderr. Memory: the set, one read block.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAXN 64
#define BASE 0x9E3779B97F4A7C15ull

typedef struct { uint64_t *keys; uint8_t *found; uint64_t mask; } Set;

static uint64_t mix(uint64_t z) {
    z = (z ^ (z >> 33)) * 0xFF51AFD7ED558CCDull;
    z = (z ^ (z >> 33)) * 0xC4CEB9FE1A85EC53ull;
    return z ^ (z >> 33);
}

/* The slot of key (0 is the empty mark, so keys are never 0). */
static uint64_t *slot(Set *s, uint64_t key, uint8_t **flag) {
    uint64_t i = (key * BASE) & s->mask;
    while (s->keys[i] && s->keys[i] != key) i = (i + 1) & s->mask;
    *flag = &s->found[i];
    return &s->keys[i];
}

/* A tokenizer and window state: feed bytes, get window hashes through a callback. */
typedef struct {
    int n, count, in_word, line_has_content;
    uint64_t word, window, power, ring[MAXN];
} Scan;

static void scan_reset(Scan *t) {
    t->count = 0; t->window = 0; t->in_word = 0;
    memset(t->ring, 0, sizeof t->ring);
}

typedef void (*OnWindow)(uint64_t hash, void *context);

static void end_word(Scan *t, OnWindow on, void *context) {
    if (!t->in_word) return;
    t->in_word = 0;
    uint64_t token = mix(t->word);
    uint64_t leaving = t->count >= t->n ? t->ring[t->count % t->n] : 0;
    t->window = t->window * BASE + token - leaving * t->power;
    t->ring[t->count % t->n] = token;
    t->count++;
    if (t->count >= t->n) on(t->window, context);
}

/* Feeds bytes; `paragraphs` makes blank lines end documents (corpus), else one document. */
static void feed(Scan *t, const unsigned char *p, size_t len, int paragraphs, OnWindow on, void *context) {
    for (size_t i = 0; i < len; i++) {
        unsigned c = p[i];
        if (c == ' ' || (c >= '\t' && c <= '\r')) {
            end_word(t, on, context);
            if (c == '\n' && paragraphs) {
                if (!t->line_has_content) scan_reset(t);
                t->line_has_content = 0;
            } else if (c != ' ' && c != '\t' && c != '\r') {
                t->line_has_content = 1;
            }
            continue;
        }
        t->line_has_content = 1;
        int keep = c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        if (!keep) continue;
        if (c >= 'A' && c <= 'Z') c |= 0x20;
        if (!t->in_word) { t->in_word = 1; t->word = 0xCBF29CE484222325ull; }
        t->word = (t->word ^ c) * 0x100000001B3ull;
    }
}

/* Reads the JSON string starting after its opening quote at *p into out (UTF-8). */
static char *json_string(const char *p, char *out) {
    while (*p && *p != '"') {
        if (*p != '\\') { *out++ = *p++; continue; }
        p++;
        char e = *p++;
        if (e == 'n') *out++ = '\n'; else if (e == 't') *out++ = '\t'; else if (e == 'r') *out++ = '\r';
        else if (e == 'b') *out++ = '\b'; else if (e == 'f') *out++ = '\f';
        else if (e == 'u') {
            unsigned v = (unsigned)strtoul((char[5]){p[0], p[1], p[2], p[3], 0}, NULL, 16);
            p += 4;
            if (v >= 0xD800 && v < 0xDC00 && p[0] == '\\' && p[1] == 'u') {
                unsigned lo = (unsigned)strtoul((char[5]){p[2], p[3], p[4], p[5], 0}, NULL, 16);
                v = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00);
                p += 6;
            }
            if (v < 0x80) *out++ = (char)v;
            else if (v < 0x800) { *out++ = (char)(0xC0 | v >> 6); *out++ = (char)(0x80 | (v & 63)); }
            else if (v < 0x10000) { *out++ = (char)(0xE0 | v >> 12); *out++ = (char)(0x80 | ((v >> 6) & 63)); *out++ = (char)(0x80 | (v & 63)); }
            else { *out++ = (char)(0xF0 | v >> 18); *out++ = (char)(0x80 | ((v >> 12) & 63));
                   *out++ = (char)(0x80 | ((v >> 6) & 63)); *out++ = (char)(0x80 | (v & 63)); }
        } else *out++ = e;
    }
    *out = 0;
    return (char *)p + 1;
}

/* The string value of "key" in a flat JSON object line (NULL when absent). */
static const char *field(const char *line, const char *key) {
    char pattern[64];
    snprintf(pattern, sizeof pattern, "\"%s\": ", key);
    const char *at = strstr(line, pattern);
    return at ? at + strlen(pattern) : NULL;
}

typedef struct { char id[256]; uint64_t *grams; int count; } Item;

static void collect(uint64_t hash, void *context) {
    Item *item = context;
    item->grams = realloc(item->grams, (item->count + 1) * sizeof *item->grams);
    item->grams[item->count++] = hash ? hash : 1;
}

static void lookup(uint64_t hash, void *context) {
    uint8_t *flag;
    if (*slot(context, hash ? hash : 1, &flag)) *flag = 1;
}

static int by_value(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: %s BENCH.jsonl CORPUS.txt [N]\n", argv[0]); return 2; }
    int n = argc > 3 ? atoi(argv[3]) : 13;
    if (n < 1 || n > MAXN) { fprintf(stderr, "N must be 1..%d\n", MAXN); return 2; }
    FILE *bench = fopen(argv[1], "r");
    if (!bench) { perror(argv[1]); return 1; }
    Item *items = NULL;
    int count = 0, total = 0;
    size_t cap = 0;
    char *line = NULL;
    while (getline(&line, &cap, bench) > 0) {
        if (!field(line, "id")) continue;
        items = realloc(items, (count + 1) * sizeof *items);
        Item *item = &items[count++];
        memset(item, 0, sizeof *item);
        char *text = malloc(2 * strlen(line) + 8), *end = text;
        json_string(field(line, "id") + 1, item->id);
        json_string(field(line, "question") + 1, end);
        end += strlen(end);
        const char *choice = field(line, "choices");
        if (choice && *choice == '[') {
            for (choice++; *choice == '"' || *choice == ',' || *choice == ' ';) {
                if (*choice != '"') { choice++; continue; }
                *end++ = '\n';
                choice = json_string(choice + 1, end);
                end += strlen(end);
            }
        }
        *end++ = '\n';
        json_string(field(line, "answer") + 1, end);
        Scan t = {.n = n, .power = 1};
        for (int k = 0; k < n; k++) t.power *= BASE;
        scan_reset(&t);
        feed(&t, (unsigned char *)text, strlen(text), 0, collect, item);
        end_word(&t, collect, item);
        free(text);
        qsort(item->grams, item->count, sizeof *item->grams, by_value);
        int distinct = 0;
        for (int k = 0; k < item->count; k++)
            if (k == 0 || item->grams[k] != item->grams[k - 1]) item->grams[distinct++] = item->grams[k];
        item->count = distinct;
        total += distinct;
    }
    fclose(bench);
    Set set = {0};
    uint64_t size = 16;
    while (size < 2 * (uint64_t)total) size <<= 1;
    set.keys = calloc(size, sizeof *set.keys);
    set.found = calloc(size, 1);
    set.mask = size - 1;
    for (int i = 0; i < count; i++)
        for (int k = 0; k < items[i].count; k++) { uint8_t *flag; *slot(&set, items[i].grams[k], &flag) = items[i].grams[k]; }

    struct timespec start, stop;
    clock_gettime(CLOCK_MONOTONIC, &start);
    FILE *corpus = fopen(argv[2], "rb");
    if (!corpus) { perror(argv[2]); return 1; }
    static unsigned char block[1 << 20];
    Scan t = {.n = n, .power = 1};
    for (int k = 0; k < n; k++) t.power *= BASE;
    scan_reset(&t);
    size_t got, bytes = 0;
    while ((got = fread(block, 1, sizeof block, corpus)) > 0) {
        feed(&t, block, got, 1, lookup, &set);
        bytes += got;
    }
    end_word(&t, lookup, &set);
    fclose(corpus);
    clock_gettime(CLOCK_MONOTONIC, &stop);
    double seconds = (stop.tv_sec - start.tv_sec) + (stop.tv_nsec - start.tv_nsec) * 1e-9;

    for (int i = 0; i < count; i++) {
        int matched = 0;
        for (int k = 0; k < items[i].count; k++) { uint8_t *flag; slot(&set, items[i].grams[k], &flag); matched += *flag; }
        printf("%s %d %d\n", items[i].id, matched, items[i].count);
    }
    fprintf(stderr, "reference: %zu bytes in %.2fs, %.2f MB/s\n", bytes, seconds, bytes / seconds / 1e6);
    return 0;
}
