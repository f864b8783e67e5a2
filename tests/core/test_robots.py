def test_robots_txt_keeps_crawlers_out_of_back_office_and_points_to_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Disallow: /admin/" in body and "Disallow: /member/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body
