"""Session-13 reading (tuner A, after the eleventh blind set): the business called trash, stupid or useless, called
names with "you" after them ("crooks, the lot of you") or in an exclamation of names alone; a request's progress
asked as "has anyone handled it", after "I wrote two days ago", after days of waiting, or a close complained of as
unanswered; the unused part of a plan wanted back, a refund wanted after "and"; no further charge wished once the
service is not needed; a person needed when the customer cannot manage without one or cannot do it themself, asked
as "who can ...", or named by what they do. Own wordings; each with what must stay as it was."""

from __future__ import annotations

import pytest

from handlers.intents import classify_intent

TECH = ("technician", "tech", "טכנאי", "мастер", "техник")


def intent(text: str, lang: str, *, ticket: bool = False, person_words: tuple[str, ...] = TECH) -> str:
    return classify_intent(text, lang, has_open_ticket=ticket,  # type: ignore[arg-type]
                           person_words=person_words).intent


@pytest.mark.parametrize(("text", "lang"), [
    ("your dashboard is garbage, like everything you make", "en"),
    ("honestly your whole service is junk", "en"),
    ("ваша программа тупая, опять всё зависло", "ru"),
    ("ты бесполезная железка", "ru"),
    ("המערכת שלכם טיפשית לגמרי", "he"),
    ("liars, the lot of you", "en"),
    ("обманщики вы все", "ru"),
    ("רמאים, כולכם", "he"),
    ("such a bunch of crooks!", "en"),
    ("аферисты! деньги списали дважды", "ru"),
    ("איזה נוכלים, לקחו כסף ולא עשו כלום", "he"),
    ("у вашего дизайнера руки растут не оттуда", "ru"),
])
def test_the_business_called_names_is_abuse(text: str, lang: str) -> None:
    assert intent(text, lang) == "abuse"


@pytest.mark.parametrize(("text", "lang"), [
    ("useless, the error is still there", "en"),  # the fix did nothing: no name for anyone
    ("бесполезно, всё равно не открывается", "ru"),
    ("ваша программа тупит с утра", "ru"),  # "тупит" lags: a fault
    ("sorry for the stupid question, where do I see my invoices?", "en"),
    ("scammers are sending messages in your name, what should I do?", "en"),
    ("all of you were so helpful, thank you", "en"),
    ("I emptied the trash, can I get the file back?", "en"),
])
def test_the_same_words_said_of_other_things_stay(text: str, lang: str) -> None:
    assert intent(text, lang) != "abuse"


@pytest.mark.parametrize(("text", "lang"), [
    ("שלחתי אתמול פנייה לגבי החשבונית, מישהו כבר טיפל בזה?", "he"),
    ("я на прошлой неделе писала про смену тарифа, это уже одобрили?", "ru"),
    ("второй день жду ответа по заявке, её вообще кто-нибудь взял в работу?", "ru"),
    ("почему вы закрыли мою заявку? я так и не получил ответа", "ru"),
    ("why did you close my ticket? I never got a reply", "en"),
    ("как там моя заявка? обещали перезвонить и ничего", "ru"),
])
def test_progress_of_ones_own_request_is_ticket_status(text: str, lang: str) -> None:
    assert intent(text, lang) == "ticket_status"


@pytest.mark.parametrize(("text", "lang"), [
    ("למה הפנייה נסגרה מעצמה?", "he"),  # why requests close: the rule
    ("почему заявку закрыли, потому что я не отвечала?", "ru"),
    ("я писал письмо гостям, как добавить к нему картинку?", "ru"),
    ("вы обещаете ответ в течение суток?", "ru"),
    ("я три дня не отвечал в заявке, вы её закрыли что ли?", "ru"),  # closed after my silence: the rule
])
def test_rules_of_tickets_and_other_writing_stay_questions(text: str, lang: str) -> None:
    assert intent(text, lang) != "ticket_status"


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("we'd like the remaining weeks back", "en", "refund_request"),
    ("верните неиспользованные месяцы", "ru", "refund_request"),
    ("I'm on the yearly plan and want my money refunded", "en", "refund_request"),
    ("we are shutting down and don't need the app any more, make sure no further charge goes through", "en",
     "cancel_subscription"),
    ("мы закрываемся и система нам больше не нужна, не хочу больше платить", "ru", "cancel_subscription"),
    ("העסק נסגר ואין לי יותר צורך בתוכנה, שלא ירד ממני עוד חיוב", "he", "cancel_subscription"),
])
def test_refunds_and_cancellations_said_indirectly(text: str, lang: str, expected: str) -> None:
    assert intent(text, lang) == expected


@pytest.mark.parametrize(("text", "lang"), [
    ("I'd like to switch back to the monthly plan", "en"),
    ("I'm on the annual plan and want to know how refunds work", "en"),
    ("we don't need the paper invoice, don't want to be charged for it", "en"),
])
def test_a_move_a_question_or_an_invoice_is_no_refund_or_cancellation(text: str, lang: str) -> None:
    assert intent(text, lang) not in ("refund_request", "cancel_subscription")


@pytest.mark.parametrize(("text", "lang"), [
    ("the import keeps failing, I won't sort it out without one of your people", "en"),
    ("ничего не выходит с импортом, без специалиста не справлюсь", "ru"),
    ("הייבוא לא עובד, בלי נציג אני לא אסתדר", "he"),
    ("the logo on the invoice is wrong and I can't change it myself", "en"),
    ("меню на сайте съехало, а сама я туда лезть боюсь", "ru"),
    ("הכתובת בחשבונית שגויה ולבד אני לא מצליח לשנות", "he"),
    ("my laptop is full of pop-ups. who can connect and clean it?", "en"),
    ("кто может подключиться и посмотреть, что с ноутбуком?", "ru"),
    ("I'd like to go over the seating with whoever handles our event", "en"),
    ("хотелось бы обсудить меню с тем, кто у вас ведёт наш праздник", "ru"),
])
def test_a_person_needed_said_indirectly(text: str, lang: str) -> None:
    assert intent(text, lang) == "human"


@pytest.mark.parametrize(("text", "lang"), [
    ("who can see my files when the technician connects?", "en"),  # who may, no task asked
    ("can I do it myself without a technician?", "en"),
    ("I tried it myself but can't figure out how to add a guest", "en"),
    ("אני לא מצליח להוסיף אורחים לבד, איך עושים את זה?", "he"),
    ("without a technician visit, how much does it cost?", "en"),
    ("хочу обсудить условия договора", "ru"),
])
def test_questions_about_doing_it_oneself_stay_questions(text: str, lang: str) -> None:
    assert intent(text, lang) != "human"


@pytest.mark.parametrize(("text", "lang"), [
    ("the wifi is down everywhere - can your tech fix that, or is it the provider's job?", "en"),
    ("מחשב לא נדלק, הטכנאי שלכם מטפל בזה או שצריך מעבדה?", "he"),
    ("a technician wants remote access to my laptop. is it safe?", "en"),
    ("мастер просит подключиться к ноутбуку. это безопасно?", "ru"),
    ("до того как техник зайдёт, перед тем как вы подключитесь, нужно что-то закрыть?", "ru"),
    ("לפני שהטכנאי מתחבר, צריך לסגור תוכנות?", "he"),
])
def test_questions_about_the_person_or_their_work_stay_questions(text: str, lang: str) -> None:
    assert intent(text, lang) != "human"


@pytest.mark.parametrize(("text", "lang"), [
    ("I need a technician now, is it safe to keep the laptop plugged in?", "en"),
    ("можете подключиться и посмотреть?", "ru"),
])
def test_a_person_asked_for_beside_such_a_question_still_is(text: str, lang: str) -> None:
    assert intent(text, lang) == "human"


@pytest.mark.parametrize(("text", "lang"), [
    ("а решить вопрос по телефону можно, или только через заявки?", "ru"),  # "решить": to solve, no status
    ("האם יש עלות פתיחה לקריאה?", "he"),  # "פתיחה": opening, no "open" ticket
    ("я неделю не заходил в заявку, что с ней теперь будет?", "ru"),  # what happens: the rule
])
def test_ticket_words_in_questions_of_the_rules_are_no_status(text: str, lang: str) -> None:
    assert intent(text, lang) != "ticket_status"


# round 2 (after holdout12): the bot called stupid with a word for the machine, a rude "go away", amateurs called out
# on their own, and money stolen said to "you"; a complaint about the help stays one
@pytest.mark.parametrize(("text", "lang"), [
    ("глупый бот, вообще ничего не понимает", "ru"),
    ("тупая железка опять", "ru"),
    ("да иди ты со своими ответами", "ru"),
    ("dumb robot, never understands a thing", "en"),
    ("honestly, a bunch of amateurs. the page is broken again", "en"),
    ("מכונה מטומטמת", "he"),
    ("חובבנים. שוב האתר לא עולה", "he"),
    ("אתם פשוט גונבים כסף מאנשים", "he"),
    ("אתם גונבים לי כסף כל חודש", "he"),
])
def test_the_bot_or_the_team_called_stupid_or_amateurs_is_abuse(text: str, lang: str) -> None:
    assert intent(text, lang) == "abuse"


@pytest.mark.parametrize(("text", "lang"), [
    ("what a useless bot, I'm wasting my time here", "en"),
    ("I keep getting lost in the settings, where is the export?", "en"),
    ("is there a cheaper plan for amateurs?", "en"),
    ("שירות מחורבן, השרת נפל שלוש פעמים החודש. מגיע לי זיכוי?", "he"),
    ("я новичок, а как подключить бота к ватсапу?", "ru"),
])
def test_a_complaint_about_the_help_or_a_plain_word_is_no_abuse(text: str, lang: str) -> None:
    assert intent(text, lang) != "abuse"


# round 2: a request's progress asked as "I wanted to check if ...", as someone assigned to it, or of a task (the
# agencies' word for a request); a person asked to work on it with the customer, or named as the technician
@pytest.mark.parametrize(("text", "lang"), [
    ("hi, I wanted to check if my request from Sunday was handled", "en"),
    ("רק רציתי לברר אם הקריאה שלי כבר טופלה", "he"),
    ("שיבצו כבר מישהו לקריאה שלי?", "he"),
    ("мастера на мою заявку уже назначили?", "ru"),
    ("кто-нибудь уже взял мою задачу по форме обратной связи?", "ru"),
    ("מה המצב עם המשימה שלי על עדכון התוספים?", "he"),
])
def test_progress_asked_as_whether_assigned_or_of_a_task_is_ticket_status(text: str, lang: str) -> None:
    assert intent(text, lang, person_words=()) == "ticket_status"


@pytest.mark.parametrize(("text", "lang"), [
    ("what happens if I don't reply to my ticket for a week?", "en"),
    ("מה קורה אם לא עונים לפנייה יומיים?", "he"),
    ("какие задачи входят в ежемесячное обслуживание?", "ru"),
])
def test_the_rule_of_requests_or_tasks_stays_a_question(text: str, lang: str) -> None:
    assert intent(text, lang, person_words=()) != "ticket_status"


@pytest.mark.parametrize(("text", "lang"), [
    ("the export hangs every time. could a real person from your team get on it with me?", "en"),
    ("а можно с техником вашим поговорить?", "ru"),
    ("אפשר שהטכנאי יחזור אליי?", "he"),
])
def test_a_person_to_work_on_it_or_the_technician_asked_for_is_human(text: str, lang: str) -> None:
    assert intent(text, lang, person_words=()) == "human"


@pytest.mark.parametrize(("text", "lang"), [
    ("how much does a technician visit cost?", "en"),
    ("сколько стоит выезд техника на дом?", "ru"),
])
def test_the_technician_named_in_a_question_is_no_request(text: str, lang: str) -> None:
    assert intent(text, lang, person_words=()) != "human"


# round 2: what "my" plan includes, or what would happen if my balance ran out, asks the rule the knowledge base
# holds, not my status; my balance or my plan's end asked plainly stays my status
@pytest.mark.parametrize(("text", "lang"), [
    ("how many hours does my plan come with?", "en"),
    ("what if my credit runs out while the campaign is going out?", "en"),
    ("כמה שעות תמיכה כלולות בחבילה שלי?", "he"),
    ("מה יקרה אם היתרה שלי תיגמר באמצע הדיוור?", "he"),
    ("а что входит в мой тариф?", "ru"),
    ("что будет, если у меня на балансе кончатся деньги во время рассылки?", "ru"),
])
def test_what_my_plan_holds_or_what_would_happen_is_no_status(text: str, lang: str) -> None:
    assert intent(text, lang) != "subscription_status"


@pytest.mark.parametrize(("text", "lang"), [
    ("how much balance do I have left?", "en"),
    ("עד מתי המנוי שלי בתוקף?", "he"),
    ("когда истекает моя подписка?", "ru"),
])
def test_my_balance_or_my_plans_end_asked_plainly_is_my_status(text: str, lang: str) -> None:
    assert intent(text, lang) == "subscription_status"


@pytest.mark.parametrize(("text", "lang"), [
    ("so does that count against my balance?", "en"),
    ("והשליחה הזאת יורדת מהיתרה?", "he"),
    ("а это потом списывается с баланса?", "ru"),
])
def test_what_comes_off_my_balance_asks_how_it_is_counted(text: str, lang: str) -> None:
    assert intent(text, lang) != "subscription_status"


@pytest.mark.parametrize(("text", "lang", "want"), [
    ("how fast do you usually get back to a new request", "en", "faq"),
    ("תוך כמה זמן עונים לפנייה חדשה?", "he", "faq"),
    ("как быстро отвечают на новое обращение?", "ru", "faq"),
    ("how soon can someone call me back? it's urgent", "en", "human"),
])
def test_how_soon_in_general_asks_the_promise_and_for_me_asks_a_person(text: str, lang: str, want: str) -> None:
    assert intent(text, lang) == want


@pytest.mark.parametrize(("text", "lang", "want"), [
    ("мы хотим закрыть наш аккаунт у вас", "ru", "cancel_subscription"),
    ("please close down my account, we moved to another provider", "en", "cancel_subscription"),
    ("תסגרו לי את החשבון, אני רוצה לסגור את החשבון שלי", "he", "cancel_subscription"),
    ("как закрыть свой аккаунт, если у меня открыт вызов?", "ru", "faq"),
])
def test_closing_my_own_account_is_a_cancellation_and_how_is_a_question(text: str, lang: str, want: str) -> None:
    assert intent(text, lang) == want


def test_not_asking_you_to_do_anything_is_no_request_of_mine() -> None:
    # "asking you to" is no "I asked you to": a rule wondered about, with "closed" in it, stays a question
    assert intent("not asking you to act, just curious: can a plan be paused while we are closed in winter?",
                  "en") != "ticket_status"
    assert intent("I asked you to change the logo on Monday, is it done?", "en") == "ticket_status"
