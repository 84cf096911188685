def test_about_page_renders_without_errors_or_outside_requests(page):
    page.goto(page.base_url + "/about/")
    assert page.locator("h1").inner_text() == "About this map"
    assert page.blocked == []
