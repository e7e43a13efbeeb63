from django.urls import path

from chibo.campaign.views import campaigns, ethics, pledges

app_name = "campaign"
urlpatterns = [
    path("", campaigns.home, name="home"),
    path("to-chuc/<int:pk>/", campaigns.organizer, name="organizer"),
    path("chuyen-de/<int:pk>/", campaigns.campaign, name="campaign"),
    path("chuyen-de/<int:pk>/sua/", campaigns.campaign_edit, name="campaign_edit"),
    path("chuyen-de/<int:pk>/lich-hoc-tap/them/", campaigns.item_add, name="item_add"),
    path("lich-hoc-tap/<int:pk>/sua/", campaigns.item_edit, name="item_edit"),
    path("lich-hoc-tap/<int:pk>/xoa/", campaigns.item_delete, name="item_delete"),
    path("lich-hoc-tap/<int:pk>/tai-lieu/", campaigns.item_file, name="item_file"),
    path("chi-bo/<int:pk>/", campaigns.cell, name="cell"),
    path("chuyen-de/<int:pk>/dang-ky/", pledges.pledge_pick, name="pledge_pick"),
    path("chuyen-de/<int:pk>/dang-ky/<int:org_pk>/", pledges.pledges, name="pledges"),
    path("chuyen-de/<int:pk>/tu-danh-gia/<int:org_pk>/", pledges.reviews, name="reviews"),
    path("chuyen-de/<int:pk>/cua-toi/", pledges.my_pledge, name="mine"),
    path("ty-le/<int:pk>/", pledges.rates, name="rates"),
    path("ty-le/<int:pk>/excel/", pledges.rates_xlsx, name="rates_xlsx"),
    path("danh-sach/<int:pk>/", pledges.pledge_list, name="list"),
    path("danh-sach/<int:pk>/excel/", pledges.pledge_list_xlsx, name="list_xlsx"),
    path("chuan-muc-dao-duc/<int:pk>/", ethics.ethics, name="ethics"),
    path("chuan-muc-dao-duc/ban/<int:pk>/sua/", ethics.ethics_edit, name="ethics_edit"),
    path("chuan-muc-dao-duc/ban/<int:pk>/tep/", ethics.ethics_file, name="ethics_file"),
]
