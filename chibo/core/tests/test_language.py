from django.urls import reverse


def test_vietnamese_even_for_an_english_browser(client, db):
    page = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="vi"' in page.content.decode()
    assert "Đăng nhập" in page.content.decode()


def test_the_language_selector_switches_to_english(client, db):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("accounts:login"))
    assert 'lang="en"' in page.content.decode()
    assert page["Content-Language"] == "en"
