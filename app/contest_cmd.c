/*
 * contest_cmd: `ntmkiosk contest ...`. Setting up can be scripted (new, team,
 * round) or done at the host's console; running is the three screens (host,
 * display, player); list, status and log print what the database holds.
 */
#include "app/app.h"

#include "core/i18n.h"
#include "core/text.h"
#include "core/util.h"
#include "quizzes/contest_store.h"
#include "records/contest_export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int usage_fail(const char *why)
{
	eprintf(
		"ntmkiosk: contest: %s\n"
		"usage: ntmkiosk contest new --name N [--date YYYY-MM-DD] [--place P] [--member-sum]\n"
		"       ntmkiosk contest team --name N [--village V] [--members \"A, B\"]\n"
		"       ntmkiosk contest round [--mode accuracy|speed|elimination] [--questions N]\n"
		"                [--topic T | --ids ID,ID...] [--time SECONDS] [--reading SECONDS]\n"
		"                [--points P] [--shuffle]\n"
		"       ntmkiosk contest host [--new] | display | player --team N [--member M] |\n"
		"                player --keyboard | list | status | log\n"
		"       (all take [--contest UUID] [--db PATH]; the newest contest by default)\n",
		why);
	return EXIT_USAGE;
}

/* Prints text from the database or the user through the sanitizer. */
static void out(const char *s)
{
	char *clean = text_sanitize(s ? s : "", strlen(s ? s : ""), false, NULL);
	fputs(clean, stdout);
	free(clean);
}

static int pick(struct app *app, char uuid[37])
{
	if (app->contest) {
		struct cstore_info info;
		char *err = NULL;
		if (cstore_info(app->db, app->contest, &info, &err) != NK_OK) {
			fail("contest", err);
			free(err);
			return EXIT_FAIL;
		}
		cstore_info_clear(&info);
		snprintf(uuid, 37, "%s", app->contest);
		return EXIT_OK;
	}
	char *err = NULL;
	if (cstore_latest(app->db, uuid, &err) != NK_OK) {
		fail("contest", err);
		free(err);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

static int cmd_new(struct app *app)
{
	if (!app->name || !*app->name)
		return usage_fail("new: --name is needed");
	char day[16];
	if (app->date) {
		if (!cstore_valid_date(app->date))
			return usage_fail("--date: not a date YYYY-MM-DD");
		snprintf(day, sizeof day, "%s", app->date);
	} else {
		time_t now = time(NULL);
		struct tm lt;
		localtime_r(&now, &lt);
		strftime(day, sizeof day, "%Y-%m-%d", &lt);
	}
	char uuid[37], *err = NULL;
	if (cstore_create(app->db, clock_system(), app->name, day, app->place,
			  app->member_sum ? CONTEST_MEMBER_SUM : CONTEST_TEAM_ANSWER, uuid,
			  &err) != NK_OK) {
		fail("contest new", err);
		free(err);
		return EXIT_FAIL;
	}
	printf("%s\n", uuid);
	return EXIT_OK;
}

static int cmd_team(struct app *app, const char *uuid)
{
	if (!app->name || !*app->name)
		return usage_fail("team: --name is needed");
	int no = 0;
	char *err = NULL;
	if (cstore_add_team(app->db, clock_system(), uuid, app->name, app->village, app->members,
			    &no, &err) != NK_OK) {
		fail("contest team", err);
		free(err);
		return EXIT_FAIL;
	}
	printf("%d\n", no);
	return EXIT_OK;
}

static int cmd_round(struct app *app, const char *uuid)
{
	static const struct {
		const char *name;
		enum contest_mode mode;
	} modes[] = {{"accuracy", CONTEST_ACCURACY},
		     {"speed", CONTEST_SPEED},
		     {"elimination", CONTEST_ELIMINATION}};
	struct contest_round_config cfg = {.mode = CONTEST_ACCURACY, .shuffle = app->shuffle};
	if (app->mode) {
		size_t i = 0;
		while (i < NK_ARRAY_LEN(modes) && strcmp(modes[i].name, app->mode) != 0)
			i++;
		if (i == NK_ARRAY_LEN(modes))
			return usage_fail("--mode: accuracy, speed or elimination");
		cfg.mode = modes[i].mode;
	}
	cfg.time_ms = (int64_t)app->seconds * 1000;
	cfg.reading_ms = (int64_t)app->reading * 1000;
	cfg.points = app->points;
	if (app->ids && app->topic)
		return usage_fail("round: --ids or --topic, not both");
	char *err = NULL;
	int rc;
	if (app->ids) {
		char *copy = xstrdup(app->ids);
		const char **ids = NULL;
		size_t n = 0;
		for (char *t = strtok(copy, ", "); t; t = strtok(NULL, ", ")) {
			ids = xrealloc(ids, (n + 1) * sizeof *ids);
			ids[n++] = t;
		}
		rc = cstore_add_round_ids(app->db, clock_system(), uuid, &cfg, ids, n, false, &err);
		free(ids);
		free(copy);
	} else {
		rc = cstore_add_round(app->db, clock_system(), uuid, &cfg, app->topic,
				      app->qcount ? app->qcount : 10,
				      (uint64_t)clock_now_ms(clock_system()), NULL, &err);
	}
	if (rc != NK_OK) {
		fail("contest round", err);
		free(err);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

static int cmd_list(struct app *app)
{
	struct cstore_info *list = NULL;
	size_t n = 0;
	char *err = NULL;
	if (cstore_list(app->db, &list, &n, &err) != NK_OK) {
		fail("contest list", err);
		free(err);
		return EXIT_FAIL;
	}
	for (size_t i = 0; i < n; i++) {
		struct contest *c = NULL;
		const char *state = "?";
		if (cstore_load(app->db, clock_system(), list[i].uuid, &c, NULL, NULL) == NK_OK)
			state = contest_state_name(contest_state(c));
		printf("%s\t%s\t%s\t", list[i].uuid, list[i].held_on, state);
		out(list[i].name);
		putchar('\n');
		contest_free(&c);
	}
	cstore_list_free(&list, n);
	return EXIT_OK;
}

static int load(struct app *app, const char *uuid, struct contest **c)
{
	char *err = NULL;
	if (cstore_load(app->db, clock_system(), uuid, c, NULL, &err) != NK_OK) {
		fail("contest", err);
		free(err);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

static int cmd_status(struct app *app, const char *uuid)
{
	struct contest *c = NULL;
	if (load(app, uuid, &c))
		return EXIT_FAIL;
	size_t r, i;
	contest_position(c, &r, &i);
	printf("contest\t");
	out(contest_name(c));
	printf("\nstate\t%s\nround\t%zu of %zu\nquestion\t%zu of %zu\n",
	       contest_state_name(contest_state(c)), r + 1, contest_nrounds(c), i + 1,
	       contest_round_questions(c, r));
	int n = contest_nteams(c);
	struct contest_standing *st = xcalloc((size_t)n + 1, sizeof *st);
	size_t k = contest_standings(c, st);
	for (size_t j = 0; j < k; j++) {
		printf("rank %d\tteam %d\t%lld\t", st[j].rank, st[j].team, st[j].score);
		out(contest_team_name(c, st[j].team));
		putchar('\n');
	}
	free(st);
	contest_free(&c);
	return EXIT_OK;
}

static int cmd_log(struct app *app, const char *uuid)
{
	struct contest *c = NULL;
	if (load(app, uuid, &c))
		return EXIT_FAIL;
	for (size_t i = 0; i < contest_log_count(c); i++) {
		const struct contest_log *e = contest_log_at(c, i);
		/* Local time, to the tenth of a second: what the people in the hall saw. */
		time_t secs = (time_t)(e->at / 1000);
		struct tm lt;
		char when[48];
		localtime_r(&secs, &lt);
		size_t n = strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &lt);
		snprintf(when + n, sizeof when - n, ".%d", (int)(e->at % 1000 / 100));
		printf("%s\t%s\t%s", when, e->who, contest_op_name(e->op));
		if (e->round >= 0 && e->question >= 0)
			printf("\tround %d question %d", e->round + 1, e->question + 1);
		else if (e->round >= 0)
			printf("\tround %d", e->round + 1);
		if (e->team)
			printf("\tteam %d", e->team);
		if (e->op == CONTEST_OP_LOCK)
			printf("\tat %lld.%lld s", (long long)(e->ms / 1000),
			       (long long)(e->ms % 1000 / 100));
		if (e->op == CONTEST_OP_INPUT)
			printf("\t%s", contest_input_name((enum contest_input)e->mask));
		if (e->op == CONTEST_OP_ANSWER || e->op == CONTEST_OP_REPLACE ||
		    e->op == CONTEST_OP_CORRECT || e->op == CONTEST_OP_RETRACT ||
		    e->op == CONTEST_OP_UNDO || e->op == CONTEST_OP_REDO) {
			char now[16] = "", was[16] = "";
			for (int k = 0, a = 0, b = 0; k < CONTEST_MAX_OPTIONS; k++) {
				if (e->mask & (1u << k))
					now[a++] = (char)('A' + k);
				if (e->prev & (1u << k))
					was[b++] = (char)('A' + k);
			}
			printf("\t%s -> %s\t%lld ms", *was ? was : "-", *now ? now : "-",
			       (long long)e->ms);
		}
		putchar('\n');
	}
	contest_free(&c);
	return EXIT_OK;
}

static int cmd_screen(struct app *app, enum ui_contest_role role)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return fail("contest", "needs a terminal");
	struct ui_opts opts = {.start_lang = app->lang ? app->lang : "vi",
			       .contest_role = role,
			       .contest_uuid = app->contest,
			       .contest_team = app->team,
			       .contest_member = app->member,
			       .contest_new = app->new_contest};
	return run_ui(app, &opts);
}

int cmd_contest(struct app *app, int argc, char **argv)
{
	if (argc != 1)
		return usage_fail(argc ? "one subcommand, please" : "which subcommand?");
	const char *sub = argv[0];
	enum ui_contest_role role = UI_CONTEST_NONE;
	if (strcmp(sub, "host") == 0)
		role = UI_CONTEST_HOST;
	else if (strcmp(sub, "display") == 0)
		role = UI_CONTEST_DISPLAY;
	else if (strcmp(sub, "player") == 0) {
		if (app->keyboard == (app->team > 0))
			return usage_fail("player: --team N or --keyboard");
		role = app->keyboard ? UI_CONTEST_KEYBOARD : UI_CONTEST_PLAYER;
	}
	static const char *const known[] = {"new", "team", "round", "list", "status", "log"};
	bool ok = role != UI_CONTEST_NONE;
	for (size_t i = 0; i < NK_ARRAY_LEN(known); i++)
		ok = ok || strcmp(sub, known[i]) == 0;
	if (!ok)
		return usage_fail("unknown subcommand");
	int rc = open_db(app);
	if (rc)
		return rc;
	if (role != UI_CONTEST_NONE) {
		if (app->contest && (rc = pick(app, (char[37]){0})) != EXIT_OK)
			return rc;
		return cmd_screen(app, role);
	}
	if (strcmp(sub, "new") == 0)
		return cmd_new(app);
	if (strcmp(sub, "list") == 0)
		return cmd_list(app);
	char uuid[37];
	if ((rc = pick(app, uuid)) != EXIT_OK)
		return rc;
	if (strcmp(sub, "team") == 0)
		return cmd_team(app, uuid);
	if (strcmp(sub, "round") == 0)
		return cmd_round(app, uuid);
	if (strcmp(sub, "status") == 0)
		return cmd_status(app, uuid);
	return cmd_log(app, uuid);
}

int cmd_export_contest(struct app *app)
{
	struct cexport_opts o = {.out = stdout, .out_path = app->out};
	if (!app->format || export_format_from_name(app->format, &o.format) != NK_OK ||
	    (app->table && cexport_table_from_name(app->table, &o.table) != NK_OK)) {
		fputs("ntmkiosk: export: usage: ntmkiosk export contest [--contest UUID] --format "
		      "csv|xlsx|json [--table results|members|answers] [--lang L] [--out FILE]\n",
		      stderr);
		return EXIT_USAGE;
	}
	if (o.format == EXPORT_XLSX && !app->out) {
		fputs("ntmkiosk: export: XLSX needs --out FILE\n", stderr);
		return EXIT_USAGE;
	}
	/* Reads once: no need to read every page first; writes nothing. */
	app->db_flags = DB_OPEN_NO_CHECK | DB_OPEN_READONLY;
	int rc = open_db(app);
	if (rc)
		return rc;
	char uuid[37];
	if ((rc = pick(app, uuid)) != EXIT_OK)
		return rc;
	o.uuid = uuid;
	i18n_set_lang(app->lang ? app->lang : "vi", NULL);
	int64_t rows = 0;
	char *err = NULL;
	if (contest_export(app->db, &o, &rows, &err) != NK_OK) {
		fail("export contest", err);
		free(err);
		return EXIT_FAIL;
	}
	if (app->out)
		eprintf("%s: %lld rows\n", app->out, (long long)rows);
	return EXIT_OK;
}
